package io.raftkv.server;

/** A host:port pair, as the flags give addresses. */
record HostPort(String host, int port) {

    /**
     * Parses {@code value}; {@code what} names it in the error.
     *
     * @throws IllegalArgumentException if it is not host:port with a port in 0..65535
     */
    static HostPort parse(String value, String what) {
        int colon = value == null ? -1 : value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(what + " must be host:port, got '" + value + "'");
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new HostPort(value.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " has a bad port in '" + value + "'");
        }
    }

    /** Whether this listens on every interface, so it is no address to give others. */
    boolean isWildcard() {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
