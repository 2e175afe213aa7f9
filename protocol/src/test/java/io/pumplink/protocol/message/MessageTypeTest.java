package io.pumplink.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Each type's kind says who sends it, as ICD section 4 lists them, not where its code falls. */
class MessageTypeTest {
    @Test
    void dataIsStatusPumpMessagesAndCommandResults() {
        assertThat(ofKind(MessageType.Kind.DATA)).containsExactlyInAnyOrder(MessageType.PROGRAMMER_STATUS,
                MessageType.PUMP_IDENTITY, MessageType.RESERVOIR_STATUS, MessageType.FLOW_STATUS,
                MessageType.BATTERY_STATUS, MessageType.ALARM, MessageType.SESSION_BEGIN, MessageType.LOG_ENTRY,
                MessageType.SESSION_END, MessageType.THERAPY_SUMMARY, MessageType.COMMAND_RESULT);
    }

    @Test
    void requestsAreTheGatewaysAndCarryTheirId() {
        assertThat(ofKind(MessageType.Kind.REQUEST)).containsExactlyInAnyOrder(MessageType.REQUEST_INTERROGATION,
                MessageType.REQUEST_STATUS);
        Request interrogation = new RequestInterrogation(7);
        Request status = new RequestStatus(8);
        assertThat(interrogation.type().kind()).isEqualTo(MessageType.Kind.REQUEST);
        assertThat(status.type().kind()).isEqualTo(MessageType.Kind.REQUEST);
        assertThat(interrogation.requestId() + status.requestId()).isEqualTo(15);
    }

    @Test
    void linkControlIsSectionThree() {
        assertThat(ofKind(MessageType.Kind.LINK)).containsExactlyInAnyOrder(MessageType.HELLO, MessageType.HELLO_ACK,
                MessageType.HEARTBEAT, MessageType.ACK, MessageType.NAK);
    }

    private static EnumSet<MessageType> ofKind(MessageType.Kind kind) {
        EnumSet<MessageType> types = EnumSet.noneOf(MessageType.class);
        Arrays.stream(MessageType.values()).filter(type -> type.kind() == kind).forEach(types::add);
        return types;
    }
}
