package vkernel.uapi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * struct ifreq (include/uapi/linux/if.h), 40 bytes on a 64-bit kernel: the name, then a
 * union of what one command reads or writes (an address, the flags, the index, the MTU,
 * the queue length, a struct ifmap). Kept as the caller's bytes, changed in place, as the
 * kernel copies it in, changes it and copies it back whole.
 */
public final class Ifreq {
    public static final int SIZE = 40;
    /** Where the union starts: ifr_addr, ifr_flags, ifr_ifindex, ifr_mtu, ifr_qlen, ifr_map. */
    public static final int UNION = If.IFNAMSIZ;
    /** sizeof(struct sockaddr): what a command writing ifr_addr or ifr_hwaddr covers. */
    public static final int SOCKADDR_SIZE = 16;

    private final byte[] bytes;

    private Ifreq(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The caller's struct. A shorter argument is read as zeros past its end: the kernel
     * copies 40 bytes from any valid pointer (an int's included) and reads what is there.
     */
    public static Ifreq of(byte[] arg) {
        return new Ifreq(java.util.Arrays.copyOf(arg, SIZE));
    }

    public static Ifreq named(String name) {
        Ifreq r = new Ifreq(new byte[SIZE]);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, r.bytes, 0, Math.min(n.length, If.IFNAMSIZ - 1));
        return r;
    }

    public static Ifreq indexed(int ifindex) {
        Ifreq r = new Ifreq(new byte[SIZE]);
        r.putInt(UNION, ifindex);
        return r;
    }

    /** ifr_name up to its NUL, as the kernel reads it once it has set ifr_name[IFNAMSIZ-1] = 0. */
    public String name() {
        int end = 0;
        while (end < If.IFNAMSIZ - 1 && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** ifr_name[IFNAMSIZ-1] = 0, as dev_ioctl and devinet_ioctl do before reading the name. */
    public void terminateName() {
        bytes[If.IFNAMSIZ - 1] = 0;
    }

    /** strcpy of a device's name into ifr_name: the name and its NUL; the bytes after it stay. */
    public void setName(String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, bytes, 0, n.length);
        bytes[n.length] = 0;
    }

    public int getInt(int offset) {
        return buf().getInt(offset);
    }

    public void putInt(int offset, int v) {
        buf().putInt(offset, v);
    }

    public void putShort(int offset, int v) {
        buf().putShort(offset, (short) v);
    }

    public void putLong(int offset, long v) {
        buf().putLong(offset, v);
    }

    public void put(int offset, byte[] b) {
        System.arraycopy(b, 0, bytes, offset, b.length);
    }

    /** The sa_family of ifr_addr. */
    public int addrFamily() {
        return Short.toUnsignedInt(buf().getShort(UNION));
    }

    /** The sin_addr of ifr_addr read as a struct sockaddr_in, in network order as an int. */
    public int sinAddr() {
        return ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).getInt(UNION + 4);
    }

    /** ifr_addr set to a struct sockaddr_in of addr (network order as an int), its other bytes zero. */
    public void setSockaddrIn(int addr) {
        java.util.Arrays.fill(bytes, UNION, UNION + SOCKADDR_SIZE, (byte) 0);
        buf().putShort(UNION, (short) Socket.AF_INET);
        ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).putInt(UNION + 4, addr);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    private ByteBuffer buf() {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
