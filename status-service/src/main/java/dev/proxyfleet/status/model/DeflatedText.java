package dev.proxyfleet.status.model;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A piece of text, also compressed on its own as raw deflate blocks that end on a byte boundary (a sync flush), so
 * pieces compressed at different times can be joined into one gzip stream without compressing the rest again. Joining
 * costs a copy and a CRC combination per piece: a large answer where few pieces change stays cheap to serve current.
 *
 * @param crc the CRC-32 of {@code text}
 */
record DeflatedText(byte[] text, byte[] deflated, int crc) {

    private static final int GZIP_MAGIC = 0x8b1f;
    /** CRC-32 polynomial, reflected. */
    private static final int POLY = 0xedb88320;
    /** X2N[k] = x^(2^k) mod POLY: shifting a CRC by n zero bits multiplies it by x^n (zlib's crc32_combine). */
    private static final int[] X2N = new int[32];

    static {
        int p = 1 << 30; // x^1
        for (int k = 0; k < X2N.length; k++) {
            X2N[k] = p;
            p = multiplyModPoly(p, p);
        }
    }

    /** Compresses {@code text}; the {@code last} piece of a stream also ends it. */
    static DeflatedText of(byte[] text, boolean last) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            deflater.setInput(text);
            if (last) {
                deflater.finish();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(text.length / 4 + 64);
            byte[] buffer = new byte[8192];
            int flush = last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH;
            int n;
            // deflate until it neither fills the buffer nor (for the last piece) has more to write
            do {
                n = deflater.deflate(buffer, 0, buffer.length, flush);
                out.write(buffer, 0, n);
            } while (n == buffer.length || (last && !deflater.finished()));
            CRC32 crc = new CRC32();
            crc.update(text);
            return new DeflatedText(text, out.toByteArray(), (int) crc.getValue());
        } finally {
            deflater.end();
        }
    }

    /** The pieces as one gzip member; the last piece must be the one that ends the stream. */
    static byte[] gzip(List<DeflatedText> pieces) {
        int size = 18;
        for (DeflatedText piece : pieces) {
            size += piece.deflated.length;
        }
        byte[] out = new byte[size];
        out[0] = (byte) GZIP_MAGIC;
        out[1] = (byte) (GZIP_MAGIC >> 8);
        out[2] = Deflater.DEFLATED;
        out[9] = (byte) 0xff; // operating system unknown; flags, time and extra flags stay 0
        int at = 10;
        int crc = 0;
        long length = 0;
        for (DeflatedText piece : pieces) {
            System.arraycopy(piece.deflated, 0, out, at, piece.deflated.length);
            at += piece.deflated.length;
            crc = multiplyModPoly(xPow8n(piece.text.length), crc) ^ piece.crc;
            length += piece.text.length;
        }
        writeIntLe(out, at, crc);
        writeIntLe(out, at + 4, (int) length);
        return out;
    }

    /** The pieces' text, joined. */
    static byte[] join(List<DeflatedText> pieces) {
        int size = 0;
        for (DeflatedText piece : pieces) {
            size += piece.text.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (DeflatedText piece : pieces) {
            System.arraycopy(piece.text, 0, out, at, piece.text.length);
            at += piece.text.length;
        }
        return out;
    }

    /** x^(8n) mod POLY: the factor that moves a CRC past n bytes. */
    private static int xPow8n(long n) {
        int p = 1 << 31; // x^0
        for (int k = 3; n != 0; n >>>= 1, k++) {
            if ((n & 1) != 0) {
                p = multiplyModPoly(X2N[k & 31], p);
            }
        }
        return p;
    }

    /** a * b mod POLY, in the reflected bit order of CRC-32. */
    private static int multiplyModPoly(int a, int b) {
        int product = 0;
        for (int m = 1 << 31; m != 0; m >>>= 1) {
            if ((a & m) != 0) {
                product ^= b;
            }
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
        }
        return product;
    }

    private static void writeIntLe(byte[] out, int at, int value) {
        for (int i = 0; i < 4; i++) {
            out[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
