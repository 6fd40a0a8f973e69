package dev.proxyfleet.assignment.rest;

import dev.proxyfleet.assignment.engine.AssignmentConflictException;
import dev.proxyfleet.assignment.engine.UnknownAccountException;
import dev.proxyfleet.messaging.LogCode;
import dev.proxyfleet.web.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The engine's refusals as the API answers them: problem details, with the engine's words as the detail. */
public class AssignmentProblems {

    @ServerExceptionMapper
    public Response unknownAccount(UnknownAccountException e) {
        return respond(Problem.of(404, "Not Found", e.getMessage()));
    }

    /** 409, naming the broken rule and its numbers, e.g. {@code rule 1: proxy 7 holds 3 of 3}. */
    @ServerExceptionMapper
    public Response conflict(AssignmentConflictException e) {
        LogCode.ASSIGNMENT_REFUSED.log(AssignmentProblems.class, Logger.Level.INFO, "%s", e.getMessage());
        return respond(Problem.of(409, "Conflict", e.getMessage()));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
