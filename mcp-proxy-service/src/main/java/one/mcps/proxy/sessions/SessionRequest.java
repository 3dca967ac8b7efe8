package one.mcps.proxy.sessions;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/sessions} and {@code PUT /api/v1/sessions/{id}}: a label, and for a new session the client's
 * name and version and optionally the one server it is for.
 */
public record SessionRequest(@Size(max = 255) String name, @Size(max = 255) String clientName,
        @Size(max = 64) String clientVersion, @Size(max = 255) @Pattern(regexp = "[A-Za-z0-9._-]+") String server) {
}
