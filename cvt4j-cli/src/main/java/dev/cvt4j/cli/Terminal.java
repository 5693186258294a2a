package dev.cvt4j.cli;

import java.io.IOException;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/** Whether progress bars can be drawn. */
final class Terminal {
    private Terminal() {}

    /**
     * jline's test for a terminal on stderr (POSIX {@code test -t 2}), the library the progress bars
     * draw with; false when jline's provider cannot be loaded.
     */
    static boolean stderrIsTerminal() {
        try {
            return TerminalProvider.load("exec").isSystemStream(SystemStream.Error);
        } catch (IOException e) {
            return false;
        }
    }
}
