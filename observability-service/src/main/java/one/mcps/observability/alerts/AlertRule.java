package one.mcps.observability.alerts;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A rule: when {@code metric} (for {@code tool}, or every tool) compares to {@code threshold}, an alert fires. */
@Entity
@Table(name = "alert_rules")
public class AlertRule {

    @Id
    public UUID id;
    public String name;
    public String metric;
    public String comparison;
    public double threshold;
    @Column(name = "window_s")
    public int windowS;
    public String severity;
    public String tool;
    @Column(name = "webhook_url")
    public String webhookUrl;
    public boolean enabled;
    public boolean builtin;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
