package org.resnetnotebooks.kit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a file, in lower-case hex: the one checksum the kit compares (data files against
 * their manifest, checkpoints against their state file, a shipped model against its record).
 *
 * <p>Why one helper: the readers, {@link Checkpoints} and {@link ShippedModel} each had their own,
 * one of them reading whole files into memory. This one streams, so a 150 MB file costs 64 KB.
 * The Python side has its one hasher too ({@code data/prepare_common.py}'s {@code sha256_of}).
 */
final class Sha256 {

    private Sha256() {}

    /**
     * Hashes a file.
     *
     * @param file the file
     * @return 64 hex digits
     * @throws IOException if it cannot be read
     */
    static String of(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java has no SHA-256, which every Java must have", e);
        }
    }
}
