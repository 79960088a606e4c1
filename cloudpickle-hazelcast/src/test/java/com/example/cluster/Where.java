package com.example.cluster;

/** A result type the members do not have: where a task ran and what it saw. */
public record Where(String member, boolean keyIsLocal, int localEntries) {
}
