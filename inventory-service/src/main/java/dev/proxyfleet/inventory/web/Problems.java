package dev.proxyfleet.inventory.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.proxyfleet.web.ConflictException;
import dev.proxyfleet.web.InvalidFieldException;
import dev.proxyfleet.web.Problem;
import dev.proxyfleet.web.ProblemMapper;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import java.util.concurrent.CompletionException;

/**
 * The problem document a failure would have been answered with as a request of its own: the part of a bulk answer
 * that says why one proxy failed. It asks {@link ProblemMapper}, so both say the same.
 */
public final class Problems {

    private static final ProblemMapper MAPPER = new ProblemMapper();

    private Problems() {
    }

    public static Problem of(Throwable failure) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        Object problem;
        if (e instanceof ConstraintViolationException invalid) {
            problem = MAPPER.invalid(invalid).getEntity();
        } else if (e instanceof JsonProcessingException unreadable) {
            problem = MAPPER.unreadable(unreadable).getEntity();
        } else if (e instanceof InvalidFieldException field) {
            problem = MAPPER.invalidField(field).getEntity();
        } else if (e instanceof ConflictException conflict) {
            problem = MAPPER.conflict(conflict).getEntity();
        } else if (e instanceof OptimisticLockException concurrent) {
            problem = MAPPER.concurrentChange(concurrent).getEntity();
        } else if (e instanceof WebApplicationException web) {
            problem = MAPPER.web(web).getEntity();
        } else {
            problem = MAPPER.unexpected(e instanceof Exception exception ? exception : new IllegalStateException(e))
                    .getEntity();
        }
        return (Problem) problem;
    }
}
