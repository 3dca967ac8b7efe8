package one.mcps.observability.system;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One service's readiness as seen from here, and how long it took to answer. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceStatus(String name, String url, String status, Integer httpStatus, long latencyMs,
        String error) {

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";

    public boolean up() {
        return UP.equals(status);
    }
}
