package dev.sightline.web.internal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

    @GetMapping("/")
    String home() {
        return "redirect:/sources";
    }

    @GetMapping("/settings")
    String settings() {
        return "redirect:/settings/integrations";
    }
}
