package coop.dispatch.rider.rest;

import java.util.List;
import java.util.UUID;

/** A signed access token for a member, with what the app needs to know about it without decoding it. */
public record LoginResponse(String accessToken, String tokenType, long expiresIn, List<String> roles, UUID memberId) {
}
