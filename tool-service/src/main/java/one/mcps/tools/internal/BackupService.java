package one.mcps.tools.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.errors.Problem;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;
import one.mcps.platform.outbox.Outbox;
import one.mcps.platform.security.Caller;
import one.mcps.tools.registry.Tool;
import one.mcps.tools.registry.ToolRepository;
import one.mcps.tools.registry.ToolService;
import one.mcps.tools.secrets.SecretCipher;

/** Backup and restore of the registry for observability-service: upsert by id, secrets as stored. */
@ApplicationScoped
public class BackupService {

    private final ToolRepository repository;
    private final SecretCipher cipher;
    private final Outbox outbox;

    public BackupService(ToolRepository repository, SecretCipher cipher, Outbox outbox) {
        this.repository = repository;
        this.cipher = cipher;
        this.outbox = outbox;
    }

    @WithSession
    public Uni<Backup> export() {
        return repository.listAll().map(tools -> new Backup("tool-service", tools.stream().map(ToolExport::of)
                .toList()));
    }

    @WithTransaction
    public Uni<Integer> restore(Backup backup, Caller caller) {
        checkSecrets(backup.tools());
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (ToolExport export : backup.tools()) {
            chain = chain.chain(count -> upsert(export, caller).map(t -> count + 1));
        }
        return chain;
    }

    private Uni<Tool> upsert(ToolExport export, Caller caller) {
        return repository.findByName(export.name()).chain(sameName -> {
            if (sameName != null && !sameName.id.equals(export.id())) {
                throw ProblemException.conflict("Tool " + export.name() + " exists here with another id ("
                        + sameName.id + "); delete it or rename it before restoring.");
            }
            return repository.findById(export.id());
        }).chain(existing -> {
            Tool tool = existing != null ? existing : new Tool();
            export.applyTo(tool);
            if (existing == null) {
                tool.state = "stopped";
            }
            Uni<Tool> saved = existing == null ? repository.persist(tool) : repository.flush().replaceWith(tool);
            return saved.call(t -> outbox.enqueue(ToolService.audit(caller, "tool.restore", t, Map.of())));
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
