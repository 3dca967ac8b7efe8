package one.mcps.identity.auth;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import one.mcps.platform.config.RuntimeSettings;

/**
 * Whether anyone may register: {@code mcps.auth.registration} (open or closed) unless an administrator changed it
 * at run time ({@code registration_open} as a boolean, or {@code auth.registration} as "open"/"closed").
 */
@ApplicationScoped
public class RegistrationSwitch {

    static final String OPEN = "open";
    static final String SETTING_FLAG = "registration_open";
    static final String SETTING_MODE = "auth.registration";

    private final RuntimeSettings settings;
    private final boolean openByConfig;

    public RegistrationSwitch(RuntimeSettings settings,
            @ConfigProperty(name = "mcps.auth.registration") String registration) {
        this.settings = settings;
        this.openByConfig = OPEN.equalsIgnoreCase(registration.trim());
    }

    public boolean isOpen() {
        JsonNode mode = settings.get(SETTING_MODE).orElse(null);
        if (mode != null && mode.isTextual()) {
            return OPEN.equalsIgnoreCase(mode.textValue());
        }
        return settings.getBoolean(SETTING_FLAG, openByConfig);
    }
}
