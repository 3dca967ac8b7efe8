package one.mcps.identity.backup;

public record ImportResult(String service, int users, int apiKeys) {
}
