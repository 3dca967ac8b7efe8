package one.mcps.tools.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The curated catalog of well-known MCP servers ({@code catalog/tools.json}). A template's command is the
 * project-local install ({@code <npm-prefix>/node_modules/.bin/<bin>}) when it exists, otherwise
 * {@code npx -y <package>@<pinned version>}, so a catalog tool runs the same version everywhere.
 */
@ApplicationScoped
public class ToolTemplates {

    private static final String CATALOG = "catalog/tools.json";
    private static final String FILESYSTEM_ROOT = "${filesystem-root}";

    private final List<Entry> entries;
    private final Optional<Path> npmPrefix;
    private final String filesystemRoot;

    public ToolTemplates(ObjectMapper mapper, @ConfigProperty(name = "mcps.tools.npm-prefix") Optional<String> npmPrefix,
            @ConfigProperty(name = "mcps.tools.filesystem-root") String filesystemRoot) {
        this.entries = load(mapper);
        this.npmPrefix = npmPrefix.filter(p -> !p.isBlank()).map(Path::of);
        this.filesystemRoot = filesystemRoot;
    }

    public List<AvailableTool> available() {
        return entries.stream().map(this::resolve).toList();
    }

    public Optional<AvailableTool> find(String template) {
        return entries.stream().filter(e -> e.template().equals(template)).findFirst().map(this::resolve);
    }

    private AvailableTool resolve(Entry e) {
        Optional<Path> local = npmPrefix.map(p -> p.resolve("node_modules/.bin").resolve(e.bin()))
                .filter(Files::isExecutable);
        List<String> args = e.args().stream().map(a -> a.replace(FILESYSTEM_ROOT, filesystemRoot)).toList();
        String command;
        List<String> fullArgs;
        if (local.isPresent()) {
            command = local.get().toString();
            fullArgs = args;
        } else {
            command = "npx";
            fullArgs = new ArrayList<>(List.of("-y", e.packageName() + "@" + e.version()));
            fullArgs.addAll(args);
        }
        ToolRequest definition = new ToolRequest(null, e.displayName(), e.description(), e.tags(), Tool.STDIO,
                command, fullArgs, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, e.template(), null);
        return new AvailableTool(e.template(), e.displayName(), e.description(), e.packageName(), e.version(),
                e.tags(), local.isPresent(), definition);
    }

    private static List<Entry> load(ObjectMapper mapper) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(CATALOG)) {
            if (in == null) {
                throw new IllegalStateException(CATALOG + " is missing from the classpath");
            }
            return mapper.readValue(in, new TypeReference<List<Entry>>() {
            });
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + CATALOG, e);
        }
    }

    @RegisterForReflection
    record Entry(String template, String displayName, String description,
            @JsonProperty("package") String packageName, String version, String bin,
            List<String> args, List<String> tags) {
    }

    /** A catalog entry with its ready-to-use definition; {@code installed} says it runs from the local install. */
    @RegisterForReflection
    public record AvailableTool(String template, String displayName, String description,
            @JsonProperty("package") String packageName, String version,
            List<String> tags, boolean installed, ToolRequest definition) {
    }
}
