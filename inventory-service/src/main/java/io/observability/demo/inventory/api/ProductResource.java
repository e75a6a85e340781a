package io.observability.demo.inventory.api;

import java.math.BigDecimal;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.observability.demo.common.problem.Problem;
import io.observability.demo.common.problem.ProblemException;
import io.observability.demo.common.problem.ProblemSchema;
import io.observability.demo.inventory.model.Product;
import io.quarkus.panache.common.Sort;

@Path("/api/products")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Products")
public class ProductResource {

    public record ProductView(String sku, String name, BigDecimal price, String currency, int available) {
        static ProductView of(Product product) {
            return new ProductView(product.sku, product.name, product.price, product.currency, product.available);
        }
    }

    @GET
    @Operation(summary = "List the products, with their price and the stock that can still be reserved")
    @APIResponse(responseCode = "200", description = "Every product, by sku", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = ProductView.class)))
    public List<ProductView> list() {
        return Product.<Product> listAll(Sort.by("sku")).stream().map(ProductView::of).toList();
    }

    @GET
    @Path("/{sku}")
    @Operation(summary = "Get a product")
    @APIResponseSchema(value = ProductView.class, responseCode = "200", responseDescription = "The product")
    @APIResponse(responseCode = "404", description = "No such product", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    public ProductView get(@PathParam("sku") String sku) {
        return Product.<Product> findByIdOptional(sku)
                .map(ProductView::of)
                .orElseThrow(() -> new ProblemException(Problem.of(404, "product-not-found", "Product not found",
                        "No product with this sku").with("sku", sku)));
    }
}
