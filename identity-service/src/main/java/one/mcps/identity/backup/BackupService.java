package one.mcps.identity.backup;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import one.mcps.identity.apikeys.ApiKey;
import one.mcps.identity.apikeys.ApiKeyRepository;
import one.mcps.identity.users.User;
import one.mcps.identity.users.UserRepository;
import one.mcps.identity.users.UserRules;

/** Exports users and API keys, and imports them back by id: what exists is updated, what is missing returns. */
@ApplicationScoped
public class BackupService {

    private final UserRepository users;
    private final ApiKeyRepository keys;

    public BackupService(UserRepository users, ApiKeyRepository keys) {
        this.users = users;
        this.keys = keys;
    }

    public Uni<IdentityBackup> export() {
        return Panache.withSession(() -> users.listAll().chain(allUsers -> keys.everyKey()
                .map(allKeys -> new IdentityBackup(IdentityBackup.SERVICE,
                        allUsers.stream().map(IdentityBackup.UserEntry::of).toList(),
                        allKeys.stream().map(IdentityBackup.ApiKeyEntry::of).toList()))));
    }

    /** One transaction: users first (keys reference them), each upserted by id. */
    public Uni<ImportResult> restore(IdentityBackup backup) {
        backup.users().forEach(u -> UserRules.checkRoles(u.roles()));
        return Panache.withTransaction(() -> upsertAll(users, backup.users(), BackupService::restoredUser,
                (entry, user) -> entry.copyTo(user), IdentityBackup.UserEntry::id)
                .chain(() -> upsertAll(keys, backup.apiKeys(), ApiKey::new, (entry, key) -> entry.copyTo(key),
                        IdentityBackup.ApiKeyEntry::id)))
                .replaceWith(new ImportResult(IdentityBackup.SERVICE, backup.users().size(),
                        backup.apiKeys().size()));
    }

    /**
     * A user that comes back: tokens announced as revoked when it was deleted stay revoked, and new ones are dated
     * after the restore.
     */
    private static User restoredUser() {
        User user = new User();
        user.tokensNotBefore = Instant.now();
        return user;
    }

    private static <E, T> Uni<Void> upsertAll(PanacheRepositoryBase<T, UUID> repository, List<E> entries,
            Supplier<T> create, BiConsumer<E, T> copy,
            Function<E, UUID> idOf) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (E entry : entries) {
            chain = chain.chain(() -> repository.findById(idOf.apply(entry)).chain(existing -> {
                if (existing != null) {
                    copy.accept(entry, existing);
                    return Uni.createFrom().voidItem();
                }
                T created = create.get();
                copy.accept(entry, created);
                return repository.persist(created).replaceWithVoid();
            }));
        }
        return chain.call(repository::flush);
    }
}
