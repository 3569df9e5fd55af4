package io.raftkv.server.transport;

import io.vertx.core.buffer.Buffer;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.security.SecureRandom;

/**
 * Dials a node's peer port as a member that knows the cluster secret and completes the handshake
 * (hello, the node's hello, proof), so a test can send frames that only an authenticated peer gets
 * to send.
 */
public final class PeerHandshake {
    private PeerHandshake() {}

    /**
     * Opens a connection to loopback port {@code port} of node {@code target} as member {@code
     * claimed}; returns it once this side's proof is sent.
     */
    public static Socket open(int port, String claimed, String target, ClusterSecret secret) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        try {
            socket.setSoTimeout(5000);
            byte[] nonce = new byte[ClusterSecret.NONCE_BYTES];
            new SecureRandom().nextBytes(nonce);
            socket.getOutputStream()
                    .write(MessageCodec.encode(new Frame.Hello(claimed, nonce)).getBytes());
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            if (!(MessageCodec.decode(Buffer.buffer(body)) instanceof Frame.Hello theirs)) {
                throw new IOException("the node did not answer with a hello");
            }
            byte[] proof = secret.proof(true, claimed, target, nonce, theirs.nonce());
            socket.getOutputStream()
                    .write(MessageCodec.encode(new Frame.Proof(proof)).getBytes());
            socket.getOutputStream().flush();
            return socket;
        } catch (IOException | FrameException | RuntimeException e) {
            socket.close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }
}
