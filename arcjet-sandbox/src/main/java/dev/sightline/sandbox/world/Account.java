package dev.sightline.sandbox.world;

import java.util.List;

/** A person who can sign in to the sandbox, and the teams they belong to. */
public record Account(String email, String password, String name, List<String> teamIds) {
}
