package one.mcps.tools.tasks;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import one.mcps.platform.errors.Problem;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;

/**
 * Cron expressions in the Quarkus scheduler's (Quartz) format, seconds first: {@code *}{@code /2 * * * * ?}.
 * cron-utils comes with quarkus-scheduler; its parser gives the reason an expression is wrong.
 */
public final class TaskSchedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private TaskSchedule() {
    }

    /** Throws a 422 naming {@code schedule} when the expression does not parse. */
    public static void validate(String schedule) {
        executionTime(schedule);
    }

    /** The first fire time strictly after {@code after}, or null when the expression never fires again. */
    public static Instant next(String schedule, Instant after) {
        return executionTime(schedule).nextExecution(ZonedDateTime.ofInstant(after, ZoneOffset.UTC))
                .map(ZonedDateTime::toInstant).orElse(null);
    }

    private static ExecutionTime executionTime(String schedule) {
        try {
            return ExecutionTime.forCron(PARSER.parse(schedule).validate());
        } catch (IllegalArgumentException e) {
            String message = "not a valid cron expression (Quartz format, seconds first): " + e.getMessage();
            throw new ProblemException(ProblemType.UNPROCESSABLE, "schedule: " + message,
                    List.of(new Problem.FieldError("schedule", message)), Map.of());
        }
    }
}
