package one.mcps.identity.oauth.clients;

import jakarta.enterprise.context.ApplicationScoped;

import one.mcps.identity.oauth.OAuthConfig;
import one.mcps.platform.config.RuntimeSettings;

/**
 * Whether {@code POST /oauth/register} takes new clients: {@code mcps.oauth.dynamic-registration.enabled} unless an
 * administrator changed it at run time with the boolean setting {@value #SETTING}.
 */
@ApplicationScoped
public class DynamicRegistrationSwitch {

    public static final String SETTING = "oauth_dynamic_registration";

    private final RuntimeSettings settings;
    private final OAuthConfig config;

    public DynamicRegistrationSwitch(RuntimeSettings settings, OAuthConfig config) {
        this.settings = settings;
        this.config = config;
    }

    public boolean isEnabled() {
        return settings.getBoolean(SETTING, config.dynamicRegistration().enabled());
    }
}
