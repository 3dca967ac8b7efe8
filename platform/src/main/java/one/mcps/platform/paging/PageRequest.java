package one.mcps.platform.paging;

import one.mcps.platform.errors.ProblemException;

/**
 * The {@code page} (from 1) and {@code size} query parameters of a list endpoint, defaulted and checked the same way
 * everywhere: a page below 1 or a size outside 1..max is a 400 naming the parameter.
 */
public record PageRequest(int page, int size) {

    public static PageRequest of(Integer page, Integer size, int defaultSize, int maxSize) {
        int p = page == null ? 1 : page;
        int s = size == null ? defaultSize : size;
        if (p < 1) {
            throw ProblemException.invalidField("page", "must be 1 or more");
        }
        if (s < 1 || s > maxSize) {
            throw ProblemException.invalidField("size", "must be between 1 and " + maxSize);
        }
        return new PageRequest(p, s);
    }

    /** The page counted from 0, as repositories take it. */
    public int index() {
        return page - 1;
    }

    /** How many pages {@code total} items fill. */
    public long pages(long total) {
        return (total + size - 1) / size;
    }
}
