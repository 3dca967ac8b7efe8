package one.mcps.proxy.rest;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;

/** {@code POST /api/v1/mcp/http/call}: a tool by its catalog name ({@code server__tool}). */
public record HttpCallRequest(@NotBlank String name, Map<String, Object> arguments) {
}
