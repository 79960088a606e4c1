// compute.jsh: send closures typed at the JShell prompt to the compute server (samples/compute-server).
//
//   ./mvnw -q -pl samples/jshell -am package -Dmaven.test.skip=true     # once: class path file and agent
//   jshell -R-javaagent:samples/jshell/target/cloudpickle-agent.jar \
//     --class-path "$(cat samples/jshell/target/classpath.txt)" samples/jshell/compute.jsh
//
// The cloudpickle agent (-R-javaagent: for JShell's default remote execution; -J-javaagent: with --execution local)
// makes every lambda typed at the prompt picklable: the helpers below take plain java.util.function types, and
// a Predicate kept in a variable (Predicate<Sale> big = s -> s.quantity() > 100;) travels as it is.
//
// The server is http://localhost:8080 unless $COMPUTE_SERVER (or -R-Dcompute.server=...) says otherwise.
// It accepts only requests signed with its HMAC key (id "demo"): export the same CLOUDPICKLE_HMAC_KEY (base64) as the
// server's before starting jshell (or -R-Dcloudpickle.hmac-key=...); without it the server answers 401. Each request
// is signed as HTTP Message Signatures (RFC 9421) describe: method, path, body digest, a timestamp and a nonce, so a
// captured request cannot be replayed or sent to another endpoint; the payload inside carries its own signature too.
// Classes and lambdas defined at the prompt travel by value with no registration (package REPL), the JShell twin of
// Python's __main__. The dataset's rows are com.example.compute.api.Sale records: id, date, region, country, store,
// channel, product, category, quantity, unitPrice, discount, and revenue().
//
// Helpers (no top-level variables on purpose: a closure that ships a JShell class also ships that class's
// variables, and an HttpClient cannot travel):
//   call(() -> ...)                                   run a Callable on the server, return its value
//   map(filter, mapper, limit)                        Rows(scanned, matched, rows): the first mapped matching rows
//   filter(predicate, limit)                          the first matching Sale rows
//   reduce(filter, mapper, identity, reducer)         e.g. reduce(null, Sale::revenue, 0.0, Double::sum)
//   groupBy(filter, key, value, merge)                e.g. groupBy(null, Sale::region, Sale::revenue, Double::sum)
//   dataset()                                         what the server holds (JSON)
// A filter of null means every row. A task that throws rethrows here.
//
// Known limitation: instances of classes defined here come back from the server as instances of a by-value copy of
// their class, so print them or assign them to a wildcard type (Rows<?> r = map(...)) rather than to the prompt's own
// type: List<Big> l = map(...).rows() compiles but a cast to Big fails with ClassCastException.

import java.util.*;
import java.util.function.*;
import java.util.concurrent.Callable;
import java.util.stream.*;
import java.time.*;
import java.io.Serializable;
import io.cloudpickle.CloudPickle;
import com.example.compute.api.*;

String computeServer() {
    String url = System.getProperty("compute.server");
    if (url == null || url.isBlank()) {
        url = System.getenv("COMPUTE_SERVER");
    }
    return (url == null || url.isBlank()) ? "http://localhost:8080" : url;
}

byte[] computeHttp(String method, String path, byte[] body) {
    try {
        var uri = java.net.URI.create(computeServer() + path);
        var request = java.net.http.HttpRequest.newBuilder(uri)
            .header("Accept", body == null ? "application/json" : ComputeApi.MEDIA_TYPE);
        if (body != null) {
            request.header("Content-Type", ComputeApi.MEDIA_TYPE)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
            var key = computeKey();
            if (key != null) {
                Map<String, List<String>> headers = Map.of("content-type", List.of(ComputeApi.MEDIA_TYPE));
                io.cloudpickle.security.HttpRequestSigner.of(key)
                    .sign(io.cloudpickle.security.SignableRequest.of("POST", uri, headers::get), body)
                    .forEach(request::header);
            }
        }
        var response = java.net.http.HttpClient.newHttpClient()
            .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return response.body();
    }
    catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot reach the compute server at " + computeServer(), e);
    }
    catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
    }
}

// The HMAC-SHA256 key "demo" that signs requests and payloads, or null if none is set (the server then says 401).
io.cloudpickle.security.PayloadSigner computeKey() {
    String key = System.getProperty("cloudpickle.hmac-key");
    if (key == null || key.isBlank()) {
        key = System.getenv("CLOUDPICKLE_HMAC_KEY");
    }
    if (key == null || key.isBlank()) {
        return null;
    }
    return io.cloudpickle.security.PayloadSigner.hmacSha256("demo", Base64.getDecoder().decode(key.strip()))
        .withIssuedAt();
}

// Pickles a request body, its payload signed with the key if one is set.
byte[] computeDumps(Object body) {
    var key = computeKey();
    return (key == null) ? CloudPickle.dumps(body) : io.cloudpickle.Pickler.builder().signWith(key).build().dumps(body);
}

@SuppressWarnings("unchecked")
<T> T computePost(String path, Object body) {
    TaskResult<T> result = (TaskResult<T>) CloudPickle.loads(computeHttp("POST", path, computeDumps(body)));
    return result.get();
}

// The API's request records take its Ser* interfaces; plain java.util.function values travel inside them (method
// references to the plain functions), which the agent makes possible.
SerPredicate<Sale> computeFilter(Predicate<Sale> filter) {
    return (filter == null) ? null : filter::test;
}

<A, B> SerFunction<A, B> computeFunction(Function<A, B> function) {
    return (function == null) ? null : function::apply;
}

<T> T call(Callable<T> task) {
    SerCallable<T> callable = task::call;
    return computePost(ComputeApi.CALL, callable);
}

<R> Rows<R> map(Predicate<Sale> filter, Function<Sale, R> mapper, int limit) {
    return computePost(ComputeApi.MAP, new MapRequest<>(computeFilter(filter), computeFunction(mapper), limit));
}

List<Sale> filter(Predicate<Sale> filter, int limit) {
    Rows<Sale> rows = computePost(ComputeApi.MAP, MapRequest.filter(computeFilter(filter), limit));
    return rows.rows();
}

<R> R reduce(Predicate<Sale> filter, Function<Sale, R> mapper, R identity, BinaryOperator<R> reducer) {
    return computePost(ComputeApi.REDUCE,
        new ReduceRequest<>(computeFilter(filter), computeFunction(mapper), identity, reducer::apply));
}

<K, V> Map<K, V> groupBy(Predicate<Sale> filter, Function<Sale, K> key, Function<Sale, V> value,
        BinaryOperator<V> merge) {
    return computePost(ComputeApi.GROUP_BY,
        new GroupByRequest<>(computeFilter(filter), computeFunction(key), computeFunction(value), merge::apply));
}

String dataset() {
    return new String(computeHttp("GET", ComputeApi.DATASET, null), java.nio.charset.StandardCharsets.UTF_8);
}

System.out.println("compute.jsh: server " + computeServer() + "; try  groupBy(null, Sale::region, Sale::revenue, Double::sum)");
