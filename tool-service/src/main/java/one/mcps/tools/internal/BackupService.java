package one.mcps.tools.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import one.mcps.platform.errors.Problem;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;
import one.mcps.platform.outbox.SqlOutbox;
import one.mcps.platform.security.Caller;
import one.mcps.tools.db.Database;
import one.mcps.tools.registry.Tool;
import one.mcps.tools.registry.ToolRepository;
import one.mcps.tools.registry.ToolService;
import one.mcps.tools.secrets.SecretCipher;

/** Backup and restore of the registry for observability-service: upsert by id, secrets as stored. */
@ApplicationScoped
public class BackupService {

    private final Database db;
    private final ToolRepository repository;
    private final SecretCipher cipher;
    private final SqlOutbox outbox;

    public BackupService(Database db, ToolRepository repository, SecretCipher cipher, SqlOutbox outbox) {
        this.db = db;
        this.repository = repository;
        this.cipher = cipher;
        this.outbox = outbox;
    }

    public Uni<Backup> export() {
        return repository.listAll(db.client()).map(tools -> new Backup("tool-service", tools.stream().map(ToolExport::of)
                .toList()));
    }

    /** All or nothing: every tool of the backup in one transaction. */
    public Uni<Integer> restore(Backup backup, Caller caller) {
        checkSecrets(backup.tools());
        return db.inTransaction(connection -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (ToolExport export : backup.tools()) {
                chain = chain.chain(count -> upsert(connection, export, caller).map(t -> count + 1));
            }
            return chain;
        });
    }

    private Uni<Tool> upsert(SqlClient connection, ToolExport export, Caller caller) {
        return repository.findByName(connection, export.name()).chain(sameName -> {
            if (sameName != null && !sameName.id.equals(export.id())) {
                throw ProblemException.conflict("Tool " + export.name() + " exists here with another id ("
                        + sameName.id + "); delete it or rename it before restoring.");
            }
            return repository.lockById(connection, export.id());
        }).chain(existing -> {
            Tool tool = existing != null ? existing : new Tool();
            export.applyTo(tool);
            if (existing == null) {
                tool.state = "stopped";
            }
            Uni<Void> saved = existing == null ? repository.insert(connection, tool)
                    : repository.update(connection, tool);
            return saved.call(() -> outbox.enqueue(connection,
                    ToolService.audit(caller, "tool.restore", tool, Map.of()))).replaceWith(tool);
        });
    }

    /** A backup taken with another secrets key cannot be run here: refuse it whole rather than half. */
    private void checkSecrets(List<ToolExport> tools) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            ToolExport t = tools.get(i);
            check(errors, "tools[" + i + "].env", t.env());
            check(errors, "tools[" + i + "].headers", t.headers());
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, "Some secrets cannot be decrypted with this "
                    + "service's MCPS_SECRETS_KEY.", errors, Map.of());
        }
    }

    private void check(List<Problem.FieldError> errors, String field, Map<String, String> secrets) {
        if (secrets == null) {
            return;
        }
        secrets.forEach((name, value) -> {
            try {
                cipher.decrypt(value);
            } catch (RuntimeException e) {
                errors.add(new Problem.FieldError(field + "." + name, "cannot be decrypted with this key"));
            }
        });
    }
}
