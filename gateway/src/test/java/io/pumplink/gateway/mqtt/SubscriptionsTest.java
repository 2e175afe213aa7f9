package io.pumplink.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubscriptionsTest {
    @Test
    void filtersMatchTopicsTheMqttWay() {
        assertThat(Subscriptions.matches("pumplink/+/request/#", "pumplink/gw1/request/interrogate/now")).isTrue();
        assertThat(Subscriptions.matches("pumplink/+/request/#", "pumplink/gw1/status")).isFalse();
        assertThat(Subscriptions.matches("$share/gateways/pumplink/+/request", "pumplink/gw1/request")).isTrue();
        assertThat(Subscriptions.matches("$share/gateways/pumplink/+/request", "pumplink/gw1/other")).isFalse();
    }

    @Test
    void everyMatchingHandlerRunsEvenWhenOneFails() {
        Subscriptions subscriptions = new Subscriptions();
        List<String> calls = new ArrayList<>();
        subscriptions.add("a/#", 1, request -> {
            calls.add("a/#");
            throw new IllegalStateException("handler bug");
        });
        subscriptions.add("a/b", 1, request -> calls.add("a/b"));
        subscriptions.add("c/#", 1, request -> calls.add("c/#"));

        subscriptions.deliver(new IncomingRequest("a/b", new byte[0], Optional.empty(), Optional.empty(), Map.of()));
        assertThat(calls).containsExactlyInAnyOrder("a/#", "a/b");
        assertThat(subscriptions.all()).hasSize(3);
    }

    @Test
    void invalidFiltersAndQosAreRefused() {
        Subscriptions subscriptions = new Subscriptions();
        assertThatIllegalArgumentException().isThrownBy(() -> subscriptions.add("a/#/b", 1, r -> { }));
        assertThatIllegalArgumentException().isThrownBy(() -> subscriptions.add("a/b", 3, r -> { }));
    }
}
