package one.mcps.observability.logs;

import java.time.Instant;

/** The filters every logs endpoint (list, search, stats, export, live subscriptions) accepts; null means any. */
public record LogFilter(String level, String category, String source, String tool, String user, String session,
        Instant from, Instant to) {

    public LogFilter withCategory(String fixed) {
        return new LogFilter(level, fixed, source, tool, user, session, from, to);
    }

    /** The same filters applied to an entry in memory (live subscriptions). */
    public boolean matches(LogEntry e) {
        return (level == null || level.equalsIgnoreCase(e.level()))
                && (category == null || category.equals(e.category()))
                && (source == null || source.equals(e.source()))
                && (tool == null || tool.equals(e.tool()))
                && (user == null || user.equals(e.user()))
                && (session == null || session.equals(e.session()))
                && (from == null || !e.time().isBefore(from))
                && (to == null || e.time().isBefore(to));
    }
}
