package vkernel.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;

class RpcPiecesTest {
    private final List<Integer> pieces = new ArrayList<>();

    @Test
    void aWriteLargerThanOneRequestGoesInPiecesAndReturnsTheWhole() {
        long n = Rpc.inPieces(new byte[20 << 20], p -> {
            pieces.add(p.length);
            return (long) p.length;
        });
        assertEquals(20 << 20, n);
        assertEquals(List.of(8 << 20, 8 << 20, 4 << 20), pieces);
    }

    @Test
    void aPieceTakenShortEndsTheWrite() {
        long n = Rpc.inPieces(new byte[20 << 20], p -> {
            pieces.add(p.length);
            return pieces.size() == 2 ? 1000L : (long) p.length;
        });
        assertEquals((8 << 20) + 1000, n, "a non-blocking socket took what it had room for");
        assertEquals(2, pieces.size());
    }

    @Test
    void anErrorAfterSomeBytesReturnsThoseBytesAndOneBeforeAnyIsRaised() {
        long n = Rpc.inPieces(new byte[20 << 20], p -> {
            if (pieces.add(p.length) && pieces.size() == 2) {
                throw new ErrnoException("send", Errno.ERRNO_EPIPE);
            }
            return (long) p.length;
        });
        assertEquals(8 << 20, n);

        ErrnoException e = assertThrows(ErrnoException.class, () -> Rpc.inPieces(new byte[9 << 20], p -> {
            throw new ErrnoException("sendto", Errno.ERRNO_EMSGSIZE);
        }));
        assertEquals(Errno.ERRNO_EMSGSIZE, e.errno(), "a datagram that large fails as a whole");
    }

    @Test
    void aSmallWriteIsOneRequest() {
        assertEquals(5, Rpc.inPieces(new byte[5], p -> {
            pieces.add(p.length);
            return (long) p.length;
        }));
        assertEquals(List.of(5), pieces);
    }
}
