package io.netauth.core.jdbc;

import io.netauth.core.InMemoryLoginThrottle;
import io.netauth.core.LoginThrottle;

class InMemoryLoginThrottleTest extends LoginThrottleContract {

    @Override
    LoginThrottle throttle() {
        return new InMemoryLoginThrottle(ACCOUNT, CLIENT, 1000, clock);
    }
}
