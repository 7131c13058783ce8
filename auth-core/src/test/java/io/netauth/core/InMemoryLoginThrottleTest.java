package io.netauth.core;

class InMemoryLoginThrottleTest extends LoginThrottleContract {

    @Override
    protected LoginThrottle throttle() {
        return new InMemoryLoginThrottle(POLICIES, clock);
    }
}
