package io.cloudpickle.spring.testapp;

import io.cloudpickle.spring.CloudPickleMediaTypes;
import com.example.fixtures.Closures;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * By default a server refuses pickled request bodies (403) but still answers pickled
 * responses.
 */
@WebMvcTest(controllers = ComputeController.class)
class WebMvcReadDisabledTest {

	private static final MediaType PICKLE = MediaType
		.parseMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE);

	@Autowired
	private MockMvc mvc;

	@Test
	void pickledRequestBodiesAreRefusedWith403() throws Exception {
		this.mvc
			.perform(post("/run").contentType(PICKLE)
				.accept(PICKLE)
				.content(ClientPickler.CLIENT.dumps(Closures.countLongerThan(2))))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail")
				.value(org.hamcrest.Matchers.containsString("cloudpickle.security.allow-unsigned")));
	}

	@Test
	void responsesAreStillPickled() throws Exception {
		this.mvc.perform(get("/info").accept(PICKLE))
			.andExpect(status().isOk())
			.andExpect(content().contentType(PICKLE));
	}

}
