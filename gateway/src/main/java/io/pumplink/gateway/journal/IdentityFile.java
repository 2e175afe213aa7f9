package io.pumplink.gateway.journal;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The identities of entries whose segment was deleted, so that duplicate detection outlives the records. The
 * file is replaced whole and atomically before each segment deletion; its layout is in the package docs.
 */
final class IdentityFile {
    private static final int MAGIC = 0x504A4931;

    private IdentityFile() {
    }

    static Path path(Path dir) {
        return dir.resolve("identities");
    }

    /** The identities on file (none when there is no file yet), or empty when the file is corrupt. */
    static Optional<List<IdentityIndex.Known>> load(Path dir) throws IOException {
        ByteBuffer buf;
        try {
            buf = ByteBuffer.wrap(Files.readAllBytes(path(dir)));
        } catch (NoSuchFileException e) {
            return Optional.of(List.of());
        }
        if (buf.limit() < 12 || buf.getInt(buf.limit() - 4) != crc(buf.slice(0, buf.limit() - 4))
                || buf.getInt() != MAGIC) {
            return Optional.empty();
        }
        try {
            int count = buf.getInt();
            List<IdentityIndex.Known> known = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long sequence = buf.getLong();
                long appendedAtMs = buf.getLong();
                byte[] identity = new byte[Short.toUnsignedInt(buf.getShort())];
                buf.get(identity);
                String id = new String(identity, StandardCharsets.UTF_8);
                known.add(new IdentityIndex.Known(id, sequence, appendedAtMs));
            }
            return Optional.of(known);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static void write(Path dir, List<IdentityIndex.Known> known) throws IOException {
        List<byte[]> identities = known.stream().map(k -> k.identity().getBytes(StandardCharsets.UTF_8)).toList();
        int size = 8 + identities.stream().mapToInt(id -> 18 + id.length).sum() + 4;
        ByteBuffer buf = ByteBuffer.allocate(size).putInt(MAGIC).putInt(known.size());
        for (int i = 0; i < known.size(); i++) {
            buf.putLong(known.get(i).sequence()).putLong(known.get(i).appendedAtMs())
                    .putShort((short) identities.get(i).length).put(identities.get(i));
        }
        buf.putInt(crc(buf.slice(0, buf.position())));
        JournalFiles.replaceAtomically(path(dir), buf.flip());
    }

    private static int crc(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
