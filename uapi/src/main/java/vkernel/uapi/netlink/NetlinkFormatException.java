package vkernel.uapi.netlink;

/**
 * Netlink bytes that do not hold what they claim: a header or attribute cut short,
 * a length field below its own header or running past the buffer. The codec throws it
 * instead of reading past the end; a kernel layer answers it with EINVAL.
 */
public class NetlinkFormatException extends RuntimeException {
    public NetlinkFormatException(String message) {
        super(message);
    }
}
