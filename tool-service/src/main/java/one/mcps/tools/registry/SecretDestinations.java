package one.mcps.tools.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import one.mcps.platform.errors.Problem;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;
import one.mcps.tools.secrets.SecretCipher;

/**
 * Who may change where a tool's stored secrets go. A secret is shown as {@code ****} and a PUT may send the mask
 * back to keep it, so without this rule anyone allowed to edit a tool could point it somewhere else and have the
 * secret delivered there (issue 15: an operator set a remote tool's {@code url} to their own address and started
 * it). Changing a destination field — a remote tool's {@code url} or {@code transport}; a stdio tool's
 * {@code command}, {@code args}, {@code env}, {@code cwd} or {@code transport} — is allowed to whoever may set the
 * secret anyway: an admin, or a request that re-enters every secret value it keeps (none sent back as the mask).
 */
final class SecretDestinations {

    private SecretDestinations() {
    }

    /** Refuses with 403, naming the destination fields changed and the secrets kept, or returns. */
    static void requireMaySend(Tool stored, ToolRequest merged, Caller caller) {
        if (caller.hasRole(Roles.ADMIN)) {
            return;
        }
        List<String> moved = movedDestinations(stored, merged);
        if (moved.isEmpty()) {
            return;
        }
        List<String> kept = keptSecrets(stored, merged);
        if (kept.isEmpty()) {
            return;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        moved.forEach(field -> errors.add(new Problem.FieldError(field, "changes where the tool's secrets are sent")));
        kept.forEach(field -> errors.add(new Problem.FieldError(field,
                "keeps the stored secret (sent as " + SecretCipher.MASK + "): re-enter its value, or ask an admin")));
        throw new ProblemException(ProblemType.FORBIDDEN, "Changing " + String.join(", ", moved) + " of tool "
                + stored.name + " would send its stored secrets (" + String.join(", ", kept) + ") to a new place: "
                + "only an admin may do that, or re-enter every secret value in the same request.", errors, Map.of());
    }

    private static List<String> movedDestinations(Tool stored, ToolRequest merged) {
        List<String> moved = new ArrayList<>();
        if (!Objects.equals(stored.transport, merged.transport())) {
            moved.add("transport");
        }
        if (stored.isStdio()) {
            if (!Objects.equals(stored.command, merged.command())) {
                moved.add("command");
            }
            if (!Objects.equals(stored.args, merged.args())) {
                moved.add("args");
            }
            // A new variable can redirect the process itself (NODE_OPTIONS, LD_PRELOAD), so any change counts.
            if (!SecretCipher.mask(stored.env).equals(merged.env())) {
                moved.add("env");
            }
            if (!Objects.equals(stored.cwd, merged.cwd())) {
                moved.add("cwd");
            }
        } else if (!Objects.equals(stored.url, merged.url())) {
            moved.add("url");
        }
        return moved;
    }

    /** The stored secrets the merged definition would keep ({@code env.X} / {@code headers.X}). */
    private static List<String> keptSecrets(Tool stored, ToolRequest merged) {
        List<String> kept = new ArrayList<>();
        if (Tool.STDIO.equals(merged.transport())) {
            kept(kept, "env", stored.env, merged.env());
        } else {
            kept(kept, "headers", stored.headers, merged.headers());
        }
        return kept;
    }

    private static void kept(List<String> kept, String field, Map<String, String> stored, Map<String, String> given) {
        if (given == null) {
            return;
        }
        given.forEach((name, value) -> {
            if (SecretCipher.MASK.equals(value) && stored.containsKey(name)) {
                kept.add(field + "." + name);
            }
        });
    }
}
