package one.mcps.identity.bootstrap;

import static io.restassured.RestAssured.given;
import static one.mcps.identity.IdentityApi.PASSWORD;
import static one.mcps.identity.IdentityApi.createUser;
import static one.mcps.identity.IdentityApi.login;
import static one.mcps.identity.IdentityApi.uniqueName;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.identity.passwords.PasswordHasher;
import one.mcps.identity.users.UserRepository;
import one.mcps.identity.users.UserService;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/** The admin seeding every instance runs at start, as two instances sharing one database run it. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class AdminBootstrapTest {

    @Inject
    UserRepository users;
    @Inject
    UserService service;
    @Inject
    PasswordHasher hasher;

    @Test
    void twoInstancesSeedingAtOnceBothStartAndCreateOneAdmin() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                String name = uniqueName("seeded");
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Object>> instances = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    AdminBootstrap instance = bootstrap(name, PASSWORD);
                    instances.add(pool.submit(() -> {
                        start.await();
                        try {
                            instance.seed();
                        } catch (Throwable e) {
                            throw new AssertionError("the instance's seeding failed", e);
                        }
                        return null;
                    }));
                }
                for (Future<Object> instance : instances) {
                    instance.get(); // a failed seeding would fail that instance's start
                }
                given().auth().oauth2(TestTokens.admin()).queryParam("search", name).get("/api/v1/users").then()
                        .statusCode(200).body("total", equalTo(1)).body("items[0].roles", contains("admin"));
                login(name, PASSWORD).then().statusCode(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aConfiguredPasswordTheExistingAdminDoesNotHaveIsReportedAsNotApplied() throws Throwable {
        String name = uniqueName("earlier");
        createUser(name, "admin");
        String configured = "a-later-generated-password";
        List<LogRecord> records = captured(() -> bootstrap(name, configured).seed());

        List<LogRecord> warnings = records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .toList();
        assertEquals(1, warnings.size(), "one WARN line");
        String line = ((ExtLogRecord) warnings.get(0)).getFormattedMessage();
        assertTrue(line.contains("NOT applied") && line.contains(name), line);
        assertFalse(line.contains(configured), "the password itself is never logged");
        login(name, PASSWORD).then().statusCode(200);
        login(name, configured).then().statusCode(401);
    }

    @Test
    void aConfiguredPasswordTheAdminHasIsNotWarnedAbout() throws Throwable {
        String name = uniqueName("same");
        createUser(name, "admin");
        List<LogRecord> records = captured(() -> bootstrap(name, PASSWORD).seed());
        assertTrue(records.stream().noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue()),
                "no warning when the configured password is the admin's");
    }

    private AdminBootstrap bootstrap(String username, String password) {
        return new AdminBootstrap(users, service, hasher, username, username + "@example.com",
                Optional.of(password));
    }

    private interface Seeding {
        void run() throws Throwable;
    }

    private static List<LogRecord> captured(Seeding seeding) throws Throwable {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(AdminBootstrap.class.getName());
        logger.addHandler(handler);
        try {
            seeding.run();
        } finally {
            logger.removeHandler(handler);
        }
        return records;
    }
}
