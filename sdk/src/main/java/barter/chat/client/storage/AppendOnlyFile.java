package barter.chat.client.storage;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A text file of records, one per line, that only grows between compactions. Each append is one write of the whole
 * line followed by an fsync, so a record is durable on return; a process killed mid-write leaves at most a torn last
 * line, which {@link #readLines()} drops (its append never returned). {@link #rewrite} replaces the file with the
 * live records (a temporary file, readable by its owner only, renamed over it), which also removes a torn tail
 * before new appends. java.io only, so it runs on every Android API level. Not thread-safe: its owners synchronize.
 */
final class AppendOnlyFile {
    private final File file;
    private FileOutputStream out;

    AppendOnlyFile(File file) {
        this.file = file;
    }

    /** The complete lines, oldest first. */
    List<String> readLines() throws IOException {
        if (!file.exists()) {
            return new ArrayList<>();
        }
        String content = new String(Files.readAllBytes(file.toPath()), StandardCharsets.UTF_8);
        int end = content.lastIndexOf('\n');
        if (end < 0) {
            return new ArrayList<>();
        }
        return new ArrayList<>(Arrays.asList(content.substring(0, end).split("\n", -1)));
    }

    void append(String line) throws IOException {
        if (out == null) {
            out = new FileOutputStream(file, true);
        }
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.getFD().sync();
    }

    void rewrite(List<String> lines) throws IOException {
        File dir = file.getAbsoluteFile().getParentFile();
        if (!dir.isDirectory() && !dir.mkdirs()) {
            throw new IOException("cannot create " + dir);
        }
        File temp = new File(dir, file.getName() + ".tmp");
        try (FileOutputStream tempOut = new FileOutputStream(temp)) {
            ownerOnly(temp);
            StringBuilder content = new StringBuilder();
            for (String line : lines) {
                content.append(line).append('\n');
            }
            tempOut.write(content.toString().getBytes(StandardCharsets.UTF_8));
            tempOut.getFD().sync();
        }
        close();
        if (!temp.renameTo(file)) {
            throw new IOException("cannot rename " + temp + " to " + file);
        }
    }

    /** Who wrote to whom, and when, is nobody else's business: rw for the owner only (where the platform can). */
    private static void ownerOnly(File file) throws IOException {
        boolean set = file.setReadable(false, false) & file.setReadable(true, true)
                & file.setWritable(false, false) & file.setWritable(true, true);
        if (!set) {
            throw new IOException("cannot make " + file + " private to its owner");
        }
    }

    void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
