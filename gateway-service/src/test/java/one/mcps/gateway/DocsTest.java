package one.mcps.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.testing.LocalStackResource;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeUpstreams.class, restrictToAnnotatedClass = false)
class DocsTest {

    @Test
    void everyServicesOpenApiIsServedThroughTheGateway() {
        given().get("/api/v1/proxy/openapi/tool-service").then()
                .statusCode(200)
                .body("info.title", equalTo("fake tool-service"));
        given().get("/api/v1/proxy/openapi/identity-service").then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("identity-service"));
        given().get("/api/v1/proxy/openapi/no-such-service").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void swaggerUiAndRedocListEveryService() {
        given().get("/docs/").then().statusCode(200).body(containsString("swagger-ui"))
                .body(containsString("/api/v1/proxy/openapi/tool-service"))
                .body(containsString("/api/v1/proxy/openapi/identity-service"));
        given().get("/redoc").then().statusCode(200)
                .body(containsString("/api/v1/proxy/openapi/tool-service"))
                .body(containsString("/api/v1/proxy/openapi/mcp-proxy-service"));
    }

    @Test
    void theGatewaysOwnApiIsDocumented() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/proxy/status"))
                .body(containsString("/api/v1/proxy/stop"))
                .body("components.securitySchemes.SecurityScheme.scheme", equalTo("bearer"));
    }
}
