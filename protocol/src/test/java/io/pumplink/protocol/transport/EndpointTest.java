package io.pumplink.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointTest {
    @Test
    void tcpWithPort() {
        assertThat(Endpoint.parse("tcp:gw.example:9000")).isEqualTo(new Endpoint.Tcp("gw.example", 9000));
    }

    @Test
    void tcpPortDefaultsTo7410() {
        assertThat(Endpoint.parse("tcp:localhost")).isEqualTo(new Endpoint.Tcp("localhost", 7410));
        assertThat(Endpoint.DEFAULT_TCP_PORT).isEqualTo(7410);
    }

    @Test
    void tcpIpv6InBrackets() {
        assertThat(Endpoint.parse("tcp:[::1]:7411")).isEqualTo(new Endpoint.Tcp("::1", 7411));
        assertThat(Endpoint.parse("tcp:[fe80::1]")).isEqualTo(new Endpoint.Tcp("fe80::1", 7410));
        assertThat(Endpoint.parse("tcp:[::1]:7411")).hasToString("tcp:[::1]:7411");
    }

    @Test
    void serialWithAndWithoutBaud() {
        assertThat(Endpoint.parse("serial:/dev/ttyUSB0:9600"))
                .isEqualTo(new Endpoint.Serial(new SerialAddress("/dev/ttyUSB0", 9600)));
        assertThat(Endpoint.parse("serial:/dev/ttyUSB0"))
                .isEqualTo(new Endpoint.Serial(new SerialAddress("/dev/ttyUSB0", 115200)));
        assertThat(Endpoint.DEFAULT_BAUD).isEqualTo(115200);
    }

    @Test
    void barePathsAreSerial() {
        assertThat(Endpoint.parse("/dev/ttyUSB0:921600"))
                .isEqualTo(new Endpoint.Serial(new SerialAddress("/dev/ttyUSB0", 921600)));
        assertThat(Endpoint.parse(" /tmp/pty/a ")).isEqualTo(new Endpoint.Serial(new SerialAddress("/tmp/pty/a")));
    }

    @Test
    void colonsInsideAPathAreNotABaud() {
        String byPath = "/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0-port0";
        assertThat(Endpoint.parse(byPath)).isEqualTo(new Endpoint.Serial(new SerialAddress(byPath)));
        assertThat(Endpoint.parse(byPath + ":57600"))
                .isEqualTo(new Endpoint.Serial(new SerialAddress(byPath, 57600)));
    }

    @Test
    void rfcommIsBluetooth() {
        Endpoint rfcomm = Endpoint.parse("/dev/rfcomm0");
        assertThat(rfcomm.bluetooth()).isTrue();
        assertThat(rfcomm).hasToString("serial:/dev/rfcomm0@115200 (Bluetooth SPP)");
        assertThat(Endpoint.parse("serial:/dev/rfcomm12:230400").bluetooth()).isTrue();
        assertThat(Endpoint.parse("/dev/ttyUSB0").bluetooth()).isFalse();
        assertThat(Endpoint.parse("/dev/rfcommX").bluetooth()).isFalse();
        assertThat(Endpoint.parse("tcp:host").bluetooth()).isFalse();
    }

    @Test
    void displayStrings() {
        assertThat(Endpoint.parse("/dev/ttyUSB0:9600")).hasToString("serial:/dev/ttyUSB0@9600");
        assertThat(Endpoint.parse("tcp:emu")).hasToString("tcp:emu:7410");
        assertThat(new SerialAddress("/dev/ttyUSB0")).hasToString("/dev/ttyUSB0@115200");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
        "''|empty",
        "'   '|empty",
        "udp:host:1|expected tcp:HOST[:PORT], serial:PATH[:BAUD] or /PATH[:BAUD]",
        "ttyUSB0|expected tcp:HOST[:PORT]",
        "/dev/ttyUSB0:1234|baud 1234 outside 9600..921600",
        "serial:/dev/ttyUSB0:1000000|baud 1000000 outside 9600..921600",
        "/dev/ttyUSB0:|missing baud after ':'",
        "serial:|serial path '' is not absolute",
        "serial:ttyUSB0:9600|serial path 'ttyUSB0' is not absolute",
        "/dev/ttyUSB0:99999999999|baud 99999999999 is too large",
        "tcp:|tcp host is empty",
        "tcp::7410|tcp host is empty",
        "tcp:host:|tcp port is empty",
        "tcp:host:http|tcp port 'http' is not a number",
        "tcp:host:0|tcp port 0 outside 1..65535",
        "tcp:host:70000|tcp port 70000 outside 1..65535",
        "tcp:::1|IPv6 host must be in brackets",
        "tcp:[::1|unclosed '['",
        "tcp:[::1]x|expected ':PORT' after ']'",
    })
    void errorsNameTheTextAndTheReason(String text, String reason) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Endpoint.parse(text))
                .withMessageContaining("'" + text + "'")
                .withMessageContaining(reason);
    }

    @Test
    void serialAddressValidatesDirectly() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SerialAddress("/dev/x", 9599))
                .withMessage("baud 9599 outside 9600..921600");
        assertThatIllegalArgumentException().isThrownBy(() -> new SerialAddress(" ", 9600))
                .withMessageContaining("empty");
        assertThatIllegalArgumentException().isThrownBy(() -> new Endpoint.Tcp("h", 65536))
                .withMessageContaining("65536");
    }
}
