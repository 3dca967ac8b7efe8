package one.mcps.observability.backups;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class BackupRepository implements PanacheRepositoryBase<Backup, UUID> {

    public Uni<List<Backup>> newestFirst() {
        return list("order by createdAt desc");
    }

    public Uni<List<Backup>> olderThan(Instant cutoff) {
        return list("createdAt < ?1", cutoff);
    }
}
