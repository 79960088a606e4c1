package io.cloudpickle.spring.testapp;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.cloudpickle.spring.CloudPickleMediaTypes;
import com.example.fixtures.Closures;
import io.cloudpickle.spring.http.Pickled;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs pickled closures on the server's own data; used by MVC and WebFlux tests alike.
 */
@RestController
public class ComputeController {

	/** The server's data the closures run on. */
	public static final List<String> WORDS = List.of("it", "was", "the", "best", "of", "times");

	/** A header that changes what {@code /run} does: declare it significant. */
	public static final String WORD_LIMIT_HEADER = "X-Word-Limit";

	@PostMapping(path = "/run", consumes = CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE)
	public Object run(@RequestBody Function<List<String>, Object> task,
			@RequestHeader(name = WORD_LIMIT_HEADER, required = false) Integer limit) {
		return task.apply((limit != null) ? WORDS.subList(0, limit) : WORDS);
	}

	/** Another endpoint taking the same bodies: runs the task on the first word only. */
	@PostMapping(path = "/run-on-first", consumes = CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE)
	public Object runOnFirst(@RequestBody Function<List<String>, Object> task) {
		return task.apply(WORDS.subList(0, 1));
	}

	/**
	 * The same, but the handler decides when the payload loads: with {@code ?load=false}
	 * it answers the verified body's length without loading it.
	 */
	@PostMapping(path = "/run-later", consumes = CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE)
	public Object runLater(@RequestBody Pickled<Function<List<String>, Object>> task,
			@RequestParam(defaultValue = "true") boolean load) {
		if (!load) {
			return "verified " + task.length() + " bytes";
		}
		return task.load().apply(WORDS);
	}

	/**
	 * JSON by default; pickled for an explicit Accept: application/x-cloudpickle (MVC and
	 * WebFlux, no produces).
	 */
	@GetMapping("/info")
	public Info info() {
		return new Info("server", WORDS.size());
	}

	/** A closure: only a pickle can carry it. */
	@GetMapping("/closure")
	public Function<List<String>, Object> closure(@RequestParam(defaultValue = "3") int min) {
		return Closures.countLongerThan(min);
	}

	@GetMapping("/text")
	public String text() {
		return "plain";
	}

	@PostMapping(path = "/json", consumes = "application/json")
	public Map<String, Object> json(@RequestBody Map<String, Object> body) {
		return body;
	}

	public record Info(String name, int words) {
	}

}
