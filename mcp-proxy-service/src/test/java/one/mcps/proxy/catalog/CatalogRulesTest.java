package one.mcps.proxy.catalog;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import one.mcps.platform.security.Caller;

/** Naming and visibility rules of the aggregated catalog (plain unit tests: no application needed). */
class CatalogRulesTest {

    @Test
    void shortNamesArePrefixedAsTheyAre() {
        assertThat(ToolNames.qualified("fs", "read_file"), equalTo("fs__read_file"));
    }

    @Test
    void longNamesAreCutTo64WithAStableHashThatKeepsThemApart() {
        String tool = "a".repeat(70);
        String once = ToolNames.qualified("server", tool);
        assertThat(once.length(), equalTo(64));
        assertThat(once, startsWith("server__aaaa"));
        assertThat(ToolNames.qualified("server", tool), equalTo(once));
        assertThat(ToolNames.qualified("server", tool + "b"), not(equalTo(once)));
    }

    @Test
    void resourceUrisCarryTheServerInTheirScheme() {
        assertThat(ToolNames.qualifiedUri("everything", "demo://resource/1"), equalTo("everything+demo://resource/1"));
    }

    @Test
    void aToolsAllowedRolesDecideForUsers() {
        Caller viewer = new Caller("u1", "vera", Set.of("viewer"), null, null);
        Caller operator = new Caller("u2", "otto", Set.of("operator"), null, null);
        assertThat(Access.mayUse(viewer, "fs", List.of("operator")), is(false));
        assertThat(Access.mayUse(operator, "fs", List.of("operator")), is(true));
        assertThat(Access.mayUse(viewer, "fs", List.of()), is(true));
    }

    @Test
    void adminsAndServicesPassTheRoleCheckAndARolelessTokenDoesNot() {
        assertThat(Access.mayUse(new Caller("a", "admin", Set.of("admin"), null, null), "fs", List.of("operator")),
                is(true));
        assertThat(Access.mayUse(new Caller("s", "tool-service", Set.of("service"), null, null), "fs",
                List.of("operator")), is(true));
        Caller nobody = new Caller("n", "nobody", Set.of(), null, null);
        assertThat(Access.mayConnect(nobody), is(false));
        assertThat(Access.mayUse(nobody, "fs", List.of()), is(false));
    }

    @Test
    void anApiKeyScopedToServersSeesOnlyThose() {
        Caller key = new Caller("u3", "kim", Set.of("admin"), "key-1", Set.of("docs"));
        assertThat(Access.mayUse(key, "docs", List.of()), is(true));
        assertThat(Access.mayUse(key, "fs", List.of()), is(false));
    }
}
