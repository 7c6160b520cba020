package dev.sightline.source.internal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class DataSourcesController {

    @GetMapping("/sources")
    String sources() {
        return "pages/sources";
    }

    @GetMapping("/settings/integrations")
    String integrations() {
        return "settings/integrations";
    }
}
