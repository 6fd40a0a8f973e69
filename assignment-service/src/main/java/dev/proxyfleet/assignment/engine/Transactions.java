package dev.proxyfleet.assignment.engine;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.function.Supplier;

/** A unit of work in its own transaction, run again when the database reports a deadlock or serialization failure. */
public final class Transactions {

    private static final int ATTEMPTS = 5;

    private Transactions() {
    }

    public static <T> T retrying(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(work::get);
            } catch (TransientDataException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
