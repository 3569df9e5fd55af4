package io.raftkv.tester.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * One raftkv server in a container, reached from the test through its HTTP port published on
 * 127.0.0.1. Unlike a plain {@link GenericContainer} it survives {@link #kill()} and {@link
 * #restart()}: the published port is looked up again each time, since a restart may change it.
 */
final class ServerNode implements AutoCloseable {
    static final int HTTP_PORT = 8080;
    static final int RAFT_PORT = 7000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String id;
    private final GenericContainer<?> container;

    /** A node named {@code id} (also its network alias) of a cluster of {@code ids} on {@code network}. */
    ServerNode(String image, String id, List<String> ids, Network network) {
        this.id = id;
        String peers = ids.stream().map(p -> p + "=" + p + ":" + RAFT_PORT).collect(Collectors.joining(","));
        this.container = new GenericContainer<>(DockerImageName.parse(image))
                .withNetwork(network)
                .withNetworkAliases(id)
                .withEnv("RAFTKV_ID", id)
                .withEnv("RAFTKV_PEERS", peers)
                .withExposedPorts(HTTP_PORT)
                // Publish only HTTP, only on loopback, on a free port; the rig's nemesis needs NET_ADMIN.
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withPublishAllPorts(false)
                        .withPortBindings(
                                new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(HTTP_PORT)))
                        .withCapAdd(Capability.NET_ADMIN))
                .waitingFor(Wait.forHttp("/health")
                        .forPort(HTTP_PORT)
                        .forStatusCode(200)
                        .withStartupTimeout(Duration.ofSeconds(90)));
    }

    String id() {
        return id;
    }

    GenericContainer<?> container() {
        return container;
    }

    void start() {
        container.start();
    }

    /** SIGKILL from the engine ({@code docker kill}); the container and its /data volume remain. */
    void kill() {
        docker().killContainerCmd(container.getContainerId()).exec();
    }

    /** {@code docker start} of the killed container: same data, maybe a new published port. */
    void restart() {
        docker().startContainerCmd(container.getContainerId()).exec();
    }

    InspectContainerResponse inspect() {
        return docker().inspectContainerCmd(container.getContainerId()).exec();
    }

    boolean running() {
        return Boolean.TRUE.equals(inspect().getState().getRunning());
    }

    /** The host port HTTP is published on now, or -1 while the container has none. */
    int httpPort() {
        Ports.Binding[] bindings =
                inspect().getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(HTTP_PORT));
        return bindings == null || bindings.length == 0 ? -1 : Integer.parseInt(bindings[0].getHostPortSpec());
    }

    /** GET /status as JSON. */
    JsonNode status() throws IOException, InterruptedException {
        HttpResponse<String> response = send(request("/status").GET());
        if (response.statusCode() != 200) {
            throw new IOException(id + " /status answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** PUT /kv/{key}. */
    HttpResponse<String> put(String key, String value) throws IOException, InterruptedException {
        return send(request("/kv/" + encode(key)).PUT(HttpRequest.BodyPublishers.ofString(value)));
    }

    /** GET /kv/{key}, linearizable or from the local copy ({@code stale}). */
    HttpResponse<String> get(String key, boolean stale) throws IOException, InterruptedException {
        String consistency = stale ? "stale" : "linearizable";
        return send(
                request("/kv/" + encode(key) + "?consistency=" + consistency).GET());
    }

    String logs() {
        return docker().logContainerCmd(container.getContainerId())
                .withStdOut(true)
                .withStdErr(true)
                .withTail(200)
                .exec(new LogCollector())
                .text();
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return id;
    }

    private HttpRequest.Builder request(String path) {
        int port = httpPort();
        if (port < 0) {
            throw new IllegalStateException(id + " has no published HTTP port (is it running?)");
        }
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static DockerClient docker() {
        return org.testcontainers.DockerClientFactory.instance().client();
    }
}
