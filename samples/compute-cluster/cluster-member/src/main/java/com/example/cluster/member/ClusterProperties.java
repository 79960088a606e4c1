package com.example.cluster.member;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where this member listens and whom it joins.
 *
 * @param name the cluster name
 * @param port this member's port on 127.0.0.1
 * @param members the ports of all members (TCP-IP join on 127.0.0.1)
 * @param loader whether this member loads the sales data set into the map once all
 * members have joined
 */
@ConfigurationProperties("cluster")
public record ClusterProperties(String name, int port, List<Integer> members, boolean loader) {
}
