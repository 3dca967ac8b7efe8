package one.mcps.gateway.pages;

import java.util.List;

import io.smallrye.config.ConfigMapping;

/** The headers every HTML page of the gateway is sent with ({@code mcps.gateway.pages.*}). */
@ConfigMapping(prefix = "mcps.gateway.pages")
public interface PagesConfig {

    /** Path prefixes of the pages (and the scripts they load): a path matches when it equals one or continues it with /. */
    List<String> paths();

    /** The Content-Security-Policy of those pages. */
    String contentSecurityPolicy();

    /** The Referrer-Policy of those pages. */
    String referrerPolicy();
}
