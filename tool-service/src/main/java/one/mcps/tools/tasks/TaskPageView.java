package one.mcps.tools.tasks;

import java.util.List;

/** One page of tasks, shaped like the tool list (page counts from 1). */
public record TaskPageView(List<TaskView> items, int page, int size, long total, long pages) {
}
