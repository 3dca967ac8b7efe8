package one.mcps.observability.backups;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A stored backup file and what went into it. */
@Entity
@Table(name = "backups")
public class Backup {

    @Id
    public UUID id;
    @Column(name = "file_name")
    public String fileName;
    @Column(name = "size_bytes")
    public long sizeBytes;
    public String sha256;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    /** JSON: per service, "ok" or what went wrong. */
    public String report;
}
