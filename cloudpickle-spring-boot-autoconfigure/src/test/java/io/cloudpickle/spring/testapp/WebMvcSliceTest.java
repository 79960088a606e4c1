package io.cloudpickle.spring.testapp;

import java.util.Arrays;

import io.cloudpickle.spring.CloudPickleMediaTypes;
import com.example.fixtures.Closures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code @WebMvcTest} includes the converter through the AutoConfigureWebMvc.imports
 * file.
 */
@WebMvcTest(controllers = ComputeController.class,
		properties = { "cloudpickle.security.allow-unsigned=true",
				"cloudpickle.security.allowed-by-value-packages=com.example.fixtures",
				"cloudpickle.limits.max-payload-size=64KB", "cloudpickle.limits.max-hash-work=100000" })
@ExtendWith(OutputCaptureExtension.class)
class WebMvcSliceTest {

	private static final MediaType PICKLE = MediaType
		.parseMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE);

	@Autowired
	private MockMvc mvc;

	@Test
	void runsAPickledClosureAndAnswersPickled() throws Exception {
		byte[] payload = ClientPickler.CLIENT.dumps(Closures.countLongerThan(2));
		MvcResult result = this.mvc.perform(post("/run").contentType(PICKLE).accept(PICKLE).content(payload))
			.andExpect(status().isOk())
			.andExpect(content().contentType(PICKLE))
			.andReturn();
		Object answer = ClientPickler.CLIENT.loads(result.getResponse().getContentAsByteArray());
		assertThat(answer).hasToString("Count[n=4]");
	}

	@Test
	void wildcardAcceptKeepsJsonAndExplicitAcceptGetsAPickle() throws Exception {
		this.mvc.perform(get("/info").accept(MediaType.ALL))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$.words").value(6));
		this.mvc.perform(get("/info")).andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
		this.mvc.perform(get("/text").accept(MediaType.ALL)).andExpect(content().string("plain"));
		MvcResult pickled = this.mvc.perform(get("/info").accept(PICKLE))
			.andExpect(status().isOk())
			.andExpect(content().contentType(PICKLE))
			.andReturn();
		assertThat(ClientPickler.CLIENT.loads(pickled.getResponse().getContentAsByteArray()))
			.isEqualTo(new ComputeController.Info("server", 6));
	}

	@Test
	void garbageAndTruncatedBodiesGive400ProblemDetailAndOneLogLine(CapturedOutput output) throws Exception {
		this.mvc.perform(post("/run").contentType(PICKLE).accept(PICKLE).content(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.title").value("Unreadable cloudpickle payload"))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("not a cloudpickle payload")));
		byte[] payload = ClientPickler.CLIENT.dumps(Closures.countLongerThan(2));
		this.mvc.perform(post("/run").contentType(PICKLE).content(Arrays.copyOf(payload, payload.length / 2)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.title").value("Unreadable cloudpickle payload"));
		// A payload of the wrong root type is refused too.
		this.mvc.perform(post("/run").contentType(PICKLE).content(ClientPickler.CLIENT.dumps("not a function")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("java.util.function.Function")));
		assertThat(
				output.getOut().lines().filter((l) -> l.contains("Refused an application/x-cloudpickle request body")))
			.hasSize(3);
		assertThat(output.getAll()).doesNotContain("\tat io.cloudpickle").doesNotContain("PickleException:");
	}

	@Test
	void oversizedBodyGives413() throws Exception {
		this.mvc.perform(post("/run").contentType(PICKLE).content(new byte[100 * 1024]))
			.andExpect(status().isPayloadTooLarge())
			.andExpect(jsonPath("$.status").value(413))
			.andExpect(jsonPath("$.property").value("cloudpickle.limits.max-payload-size"));
	}

	@Test
	void aPayloadOverAnEngineLimitGives400NamingThePropertyThatRaisesIt() throws Exception {
		// Nested sets sharing their children: hashing the root visits 2^40 sets.
		java.util.Set<Object> root = new java.util.HashSet<>();
		java.util.Set<Object> a = root;
		java.util.Set<Object> b = new java.util.HashSet<>();
		for (int i = 0; i < 40; i++) {
			java.util.Set<Object> c = new java.util.HashSet<>(java.util.List.of("c"));
			java.util.Set<Object> d = new java.util.HashSet<>();
			a.add(c);
			a.add(d);
			b.add(c);
			b.add(d);
			a = c;
			b = d;
		}
		this.mvc.perform(post("/run").contentType(PICKLE).content(ClientPickler.CLIENT.dumps(root)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.property").value("cloudpickle.limits.max-hash-work"))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers
				.startsWith("over cloudpickle.limits.max-hash-work: rebuilding the payload's hash collections")));
	}

	@Test
	void unsupportedMediaTypeGives415() throws Exception {
		this.mvc.perform(post("/run").contentType(MediaType.TEXT_PLAIN).content("hello"))
			.andExpect(status().isUnsupportedMediaType());
		this.mvc.perform(post("/json").contentType(PICKLE).content(ClientPickler.CLIENT.dumps("x")))
			.andExpect(status().isUnsupportedMediaType());
	}

}
