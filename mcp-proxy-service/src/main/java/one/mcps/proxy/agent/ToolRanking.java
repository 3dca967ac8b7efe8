package one.mcps.proxy.agent;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.vertx.core.json.JsonObject;
import one.mcps.proxy.catalog.CatalogEntries.ToolEntry;

/**
 * Ranks tools by relevance to a free-text query: each query word found in the tool's name counts most, in its
 * parameter names next, in its description least. Plain word matching is enough for a catalog of a few hundred
 * tools and needs no index to keep in sync.
 */
public final class ToolRanking {

    private static final int NAME_WEIGHT = 3;
    private static final int PARAMETER_WEIGHT = 2;
    private static final int DESCRIPTION_WEIGHT = 1;

    public record Ranked(ToolEntry tool, int score) {
    }

    private ToolRanking() {
    }

    public static List<Ranked> rank(List<ToolEntry> tools, String query, int limit) {
        Set<String> words = words(query);
        if (words.isEmpty()) {
            return tools.stream().limit(limit).map(t -> new Ranked(t, 0)).toList();
        }
        return tools.stream().map(t -> new Ranked(t, score(t, words))).filter(r -> r.score() > 0)
                .sorted(Comparator.comparingInt(Ranked::score).reversed()
                        .thenComparing(r -> r.tool().exposedName()))
                .limit(limit).toList();
    }

    private static int score(ToolEntry tool, Set<String> words) {
        Set<String> name = words(tool.exposedName());
        Set<String> description = words(tool.description());
        Set<String> parameters = words(String.join(" ", parameterNames(tool)));
        int score = 0;
        for (String word : words) {
            score += name.stream().anyMatch(n -> n.contains(word)) ? NAME_WEIGHT : 0;
            score += parameters.contains(word) ? PARAMETER_WEIGHT : 0;
            score += description.contains(word) ? DESCRIPTION_WEIGHT : 0;
        }
        return score;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> parameterNames(ToolEntry tool) {
        Object properties = tool.plain().getJsonObject("inputSchema") == null ? null
                : tool.plain().getJsonObject("inputSchema").getValue("properties");
        if (properties instanceof JsonObject json) {
            return json.fieldNames();
        }
        return properties instanceof Map<?, ?> map ? (Set<String>) map.keySet() : Set.of();
    }

    static Set<String> words(String text) {
        if (text == null) {
            return Set.of();
        }
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+|(?<=\\p{Ll})(?=\\p{Lu})"))
                .filter(w -> w.length() > 1).collect(Collectors.toSet());
    }
}
