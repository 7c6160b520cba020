package dev.sightline.ask.internal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class AskController {

    @GetMapping("/ask")
    String ask() {
        return "pages/ask";
    }
}
