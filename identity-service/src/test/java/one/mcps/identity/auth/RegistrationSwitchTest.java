package one.mcps.identity.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import one.mcps.platform.config.RuntimeSettings;
import one.mcps.platform.events.EventReader;

/** The configured default applies until a runtime setting says otherwise (no broker: a fresh settings view). */
class RegistrationSwitchTest {

    private final RuntimeSettings settings = new RuntimeSettings(new EventReader(new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).registerModule(new JavaTimeModule())));

    @Test
    void closedByConfigUntilTheSettingOpensIt() {
        RegistrationSwitch registration = new RegistrationSwitch(settings, "closed");
        assertFalse(registration.isOpen());
        change("registration_open", "true");
        assertTrue(registration.isOpen());
    }

    @Test
    void openByConfigUntilTheSettingClosesIt() {
        RegistrationSwitch registration = new RegistrationSwitch(settings, " OPEN ");
        assertTrue(registration.isOpen());
        change("auth.registration", "\"closed\"");
        assertFalse(registration.isOpen());
    }

    private void change(String key, String jsonValue) {
        settings.onChange(Message.of("{\"setting_key\":\"" + key + "\",\"value\":" + jsonValue
                + ",\"changed_by\":\"test\",\"at\":\"2026-01-01T00:00:00Z\"}")).await().indefinitely();
    }
}
