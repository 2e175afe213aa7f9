package io.pumplink.protocol.transport;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a jSerialComm port 8N1 without flow control, turning its error codes into messages naming the path. */
final class SerialPortOpener {
    private SerialPortOpener() {
    }

    static SerialPort open(SerialAddress address, int readTimeoutMs) throws IOException {
        String path = address.path();
        Path file = Path.of(path);
        // checked here because jSerialComm, given a missing path, silently falls back to /dev/<name>
        if (!Files.exists(file)) {
            throw new IOException("serial port " + path + " does not exist");
        }
        if (!Files.isReadable(file) || !Files.isWritable(file)) {
            throw new IOException("serial port " + path + ": permission denied (is the user in the dialout group?)");
        }
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("serial port " + path + " is not usable: " + e.getMessage(), e);
        }
        port.setComPortParameters(address.baud(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        // semi-blocking: a read returns as soon as any byte is there, or with 0 after the timeout
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, readTimeoutMs, 0);
        if (!port.openPort(0)) {
            throw new IOException("cannot open serial port " + path + ": " + reason(port.getLastErrorCode())
                    + " (errno " + port.getLastErrorCode() + ", jSerialComm line " + port.getLastErrorLocation() + ")");
        }
        return port;
    }

    private static String reason(int errno) {
        return switch (errno) {
            case 2 -> "already open in this process, or vanished";
            case 5 -> "I/O error";
            case 6, 19 -> "no such device (unplugged?)";
            case 11, 16 -> "in use by another process";
            case 13, 1 -> "permission denied (is the user in the dialout group?)";
            case 25 -> "not a serial device";
            default -> "open failed";
        };
    }
}
